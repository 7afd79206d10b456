package org.dermaseg.inference.model;

/** The model is missing, damaged or unusable: fatal for the CLI (exit code 3). */
public class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
