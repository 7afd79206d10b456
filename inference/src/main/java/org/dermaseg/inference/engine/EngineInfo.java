package org.dermaseg.inference.engine;

/**
 * What runs the model.
 *
 * @param name "onnx" or "java"
 * @param device "cpu" or "cuda"
 * @param detail human-readable specifics (runtime version, threads, execution provider)
 * @param fallbackReason why this is not the engine/device asked for; null when it is
 * @param choiceReason why {@code --engine auto} picked this engine; null when an engine was named
 */
public record EngineInfo(String name, String device, String detail, String fallbackReason, String choiceReason) {
    /** An engine as named by the user (no auto choice). */
    public EngineInfo(String name, String device, String detail, String fallbackReason) {
        this(name, device, detail, fallbackReason, null);
    }

    public boolean isFallback() {
        return fallbackReason != null;
    }

    public EngineInfo withFallback(String reason) {
        return new EngineInfo(name, device, detail, fallbackReason == null ? reason : fallbackReason + "; " + reason,
                choiceReason);
    }

    public EngineInfo withChoice(String reason) {
        return new EngineInfo(name, device, detail, fallbackReason, reason);
    }

    /** The same engine with {@code note} added to its detail (e.g. that flip TTA runs around it). */
    public EngineInfo withDetailNote(String note) {
        return new EngineInfo(name, device, detail == null || detail.isEmpty() ? note : detail + ", " + note,
                fallbackReason, choiceReason);
    }

    /** e.g. "onnx/cpu" */
    public String label() {
        return name + "/" + device;
    }

    @Override
    public String toString() {
        return label() + " (" + detail + ")" + (fallbackReason != null ? " [fallback: " + fallbackReason + "]" : "")
                + (choiceReason != null ? " [auto: " + choiceReason + "]" : "");
    }
}
