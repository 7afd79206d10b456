package org.dermaseg.inference.engine.purejava;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The architecture types the pure-Java engine can run, each with its {@link JavaNetworkLoader}, found once
 * through {@link ServiceLoader} (the JDK's registry of implementations; no class names in code). The model
 * registry also uses {@link #types()}: a card naming a type outside it is refused.
 */
public final class JavaNetworks {
    private static final Map<String, JavaNetworkLoader> BY_TYPE = load();

    private JavaNetworks() {
    }

    private static Map<String, JavaNetworkLoader> load() {
        Map<String, JavaNetworkLoader> m = new TreeMap<>();
        for (JavaNetworkLoader l : ServiceLoader.load(JavaNetworkLoader.class, JavaNetworks.class.getClassLoader())) {
            JavaNetworkLoader before = m.putIfAbsent(l.architectureType(), l);
            if (before != null) {
                throw new IllegalStateException("two pure-Java networks for architecture \"" + l.architectureType()
                        + "\": " + before.getClass().getName() + " and " + l.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The loader for this architecture type, or null when the pure-Java engine has none. */
    public static JavaNetworkLoader forType(String type) {
        return type == null ? null : BY_TYPE.get(type);
    }

    /** Every architecture type with a pure-Java network, sorted. */
    public static java.util.Set<String> types() {
        return BY_TYPE.keySet();
    }
}
