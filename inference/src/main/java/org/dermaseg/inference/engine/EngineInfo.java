package org.dermaseg.inference.engine;

/**
 * What runs the model.
 *
 * @param name "onnx" or "java"
 * @param device "cpu" or "cuda"
 * @param detail human-readable specifics (runtime version, threads, execution provider)
 * @param fallbackReason why this is not the engine/device asked for; null when it is
 */
public record EngineInfo(String name, String device, String detail, String fallbackReason) {
    public boolean isFallback() {
        return fallbackReason != null;
    }

    public EngineInfo withFallback(String reason) {
        return new EngineInfo(name, device, detail, fallbackReason == null ? reason : fallbackReason + "; " + reason);
    }

    /** The same engine with {@code note} added to its detail (e.g. that flip TTA runs around it). */
    public EngineInfo withDetailNote(String note) {
        return new EngineInfo(name, device, detail == null || detail.isEmpty() ? note : detail + ", " + note,
                fallbackReason);
    }

    /** e.g. "onnx/cpu" */
    public String label() {
        return name + "/" + device;
    }

    @Override
    public String toString() {
        return label() + " (" + detail + ")" + (fallbackReason != null ? " [fallback: " + fallbackReason + "]" : "");
    }
}
