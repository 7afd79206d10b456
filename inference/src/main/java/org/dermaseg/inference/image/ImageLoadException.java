package org.dermaseg.inference.image;

import java.io.IOException;

/** An image could not be read; the message is one line that says which file and why. */
public class ImageLoadException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageLoadException(String message) {
        super(message);
    }

    public ImageLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
