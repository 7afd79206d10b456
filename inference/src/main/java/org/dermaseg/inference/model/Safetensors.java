package org.dermaseg.inference.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Minimal reader for the safetensors format: an 8-byte little-endian header length, a JSON header
 * {@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}}, then the raw
 * little-endian tensor bytes. Only F32 data can be read as floats; other dtypes are listed but refused.
 * The files here are small (weights ~200 kB, golden tensors a few MB), so the whole file is held in memory.
 */
public final class Safetensors {
    /** One tensor: name, dtype string as in the file, shape and its data. */
    public record Tensor(String name, String dtype, int[] shape, float[] data) {
        public long elementCount() {
            return data.length;
        }
    }

    private record Entry(String dtype, int[] shape, long begin, long end) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final ByteBuffer data;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private Safetensors(String source, ByteBuffer data, Map<String, Entry> entries, Map<String, String> metadata) {
        this.source = source;
        this.data = data;
        this.entries = entries;
        this.metadata = metadata;
    }

    public static Safetensors read(Path path) throws IOException {
        return parse(Files.readAllBytes(path), path.toString());
    }

    public static Safetensors parse(byte[] bytes, String source) throws IOException {
        if (bytes.length < 8) {
            throw new IOException(source + ": not a safetensors file (shorter than 8 bytes)");
        }
        long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLen < 2 || headerLen > bytes.length - 8L) {
            throw new IOException(source + ": not a safetensors file (header length " + headerLen
                    + " does not fit in " + bytes.length + " bytes)");
        }
        JsonNode header = MAPPER.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        if (header == null || !header.isObject()) {
            throw new IOException(source + ": safetensors header is not a JSON object");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) headerLen, bytes.length - 8 - (int) headerLen)
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = header.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.put(f.getKey(), entry(source, f.getKey(), f.getValue(), data.capacity()));
        }
        return new Safetensors(source, data, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata));
    }

    private static Entry entry(String source, String name, JsonNode n, long dataBytes) throws IOException {
        JsonNode shapeNode = n.get("shape");
        JsonNode offsets = n.get("data_offsets");
        if (n.get("dtype") == null || shapeNode == null || offsets == null || offsets.size() != 2) {
            throw new IOException(source + ": tensor " + name + " lacks dtype, shape or data_offsets");
        }
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            count *= shape[i];
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        String dtype = n.get("dtype").asText();
        if (begin < 0 || end < begin || end > dataBytes) {
            throw new IOException(source + ": tensor " + name + " data [" + begin + ", " + end
                    + ") outside the " + dataBytes + " data bytes (truncated file?)");
        }
        int width = elementBytes(dtype);
        if (width > 0 && (end - begin) != count * width) {
            throw new IOException(source + ": tensor " + name + " holds " + (end - begin) + " bytes, shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + count * width);
        }
        return new Entry(dtype, shape, begin, end);
    }

    private static int elementBytes(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> 0;
        };
    }

    /** Tensor names in file order (without {@code __metadata__}). */
    public Set<String> names() {
        return entries.keySet();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public int[] shape(String name) throws IOException {
        return entry(name).shape().clone();
    }

    public String dtype(String name) throws IOException {
        return entry(name).dtype();
    }

    /** The F32 tensor's values as a fresh array. */
    public float[] floats(String name) throws IOException {
        Entry e = entry(name);
        if (!e.dtype().equals("F32")) {
            throw new IOException(source + ": tensor " + name + " is " + e.dtype() + ", only F32 is supported");
        }
        float[] out = new float[(int) ((e.end() - e.begin()) / 4)];
        ByteBuffer view = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        view.position((int) e.begin());
        view.asFloatBuffer().get(out);
        return out;
    }

    public Tensor tensor(String name) throws IOException {
        Entry e = entry(name);
        return new Tensor(name, e.dtype(), e.shape().clone(), floats(name));
    }

    private Entry entry(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IOException(source + ": no tensor named " + name);
        }
        return e;
    }
}
