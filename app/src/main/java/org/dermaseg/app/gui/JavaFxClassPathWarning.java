package org.dermaseg.app.gui;

import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Keeps JavaFX's "Unsupported JavaFX configuration: classes were loaded from 'unnamed module'" off the
 * terminal. JavaFX prints it whenever its classes are not loaded as the named module
 * {@code javafx.graphics}, which is always the case in DermaSeg's runnable jar: one class-path jar holding
 * JavaFX, ONNX Runtime and OpenCV so that {@code java -jar dermaseg.jar} works with any Java 17+, while a
 * named module would need JavaFX's jars beside it on a {@code --module-path}. The launcher main class is
 * already not an {@code Application} (so the jar starts at all); the configuration is the one the tests and
 * the installers run, so the warning tells the user nothing they can act on. Only that one message is
 * dropped: every other JavaFX warning still reaches the terminal.
 */
final class JavaFxClassPathWarning {
    static final String PREFIX = "Unsupported JavaFX configuration";
    /** JavaFX logs through {@code System.getLogger("javafx")}, backed by java.util.logging. */
    private static final Logger JAVAFX = Logger.getLogger("javafx"); // held: the filter lives as long as we do

    private JavaFxClassPathWarning() {
    }

    /** Installs the filter; call before JavaFX starts. Idempotent. */
    static void suppress() {
        Filter previous = JAVAFX.getFilter();
        if (previous instanceof OnlyThisWarning) {
            return;
        }
        JAVAFX.setFilter(new OnlyThisWarning(previous));
    }

    private record OnlyThisWarning(Filter previous) implements Filter {
        @Override
        public boolean isLoggable(java.util.logging.LogRecord r) {
            String m = r.getMessage();
            if (m != null && m.startsWith(PREFIX)) {
                return false;
            }
            return previous == null || previous.isLoggable(r);
        }
    }
}
