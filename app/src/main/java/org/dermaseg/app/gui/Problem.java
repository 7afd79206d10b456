package org.dermaseg.app.gui;

import java.nio.file.NoSuchFileException;

import org.dermaseg.inference.batch.BatchException;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.image.ImageLoadException;
import org.dermaseg.inference.model.ModelException;

/**
 * A problem told to the user: what happened, why, and what to do about it. Never a stack trace.
 *
 * @param severity ERROR (something did not happen) or WARNING (it happened, differently than asked)
 */
public record Problem(Severity severity, String title, String reason, String whatToDo) {
    public enum Severity { ERROR, WARNING, INFO }

    public static Problem error(String title, String reason, String whatToDo) {
        return new Problem(Severity.ERROR, title, reason, whatToDo);
    }

    public static Problem warning(String title, String reason, String whatToDo) {
        return new Problem(Severity.WARNING, title, reason, whatToDo);
    }

    /** Maps a failure of {@code action} (e.g. "open IMD002.png") to words a user can act on. */
    public static Problem of(String action, Throwable t) {
        Throwable e = t;
        while ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException
                || e instanceof java.lang.reflect.InvocationTargetException) && e.getCause() != null) {
            e = e.getCause();
        }
        String msg = message(e);
        if (e instanceof ImageLoadException) {
            msg = withoutLeadingPath(msg); // the title names the file already
            return error("Could not " + action, msg,
                    "Check that the file is a JPEG, PNG, BMP or TIFF image and not damaged: open it in another "
                            + "viewer, or export it again from the camera software.");
        }
        if (e instanceof ModelException) {
            return error("The model is missing or damaged", msg,
                    "Reinstall DermaSeg, point it at a complete model folder with -Ddermaseg.model.dir=DIR "
                            + "(the folder holding the *.card.json files), or choose another model in the Model menu. "
                            + "Images can still be viewed.");
        }
        if (e instanceof EngineException) {
            return error("The inference engine could not run", msg,
                    "Choose another engine or device in Edit > Preferences (e.g. engine auto, device cpu) and "
                            + "open the image again.");
        }
        if (e instanceof BatchException) {
            return error("The batch cannot start", msg,
                    "Check the folders in the batch dialog: the input folder must exist, the output folder must "
                            + "be writable; to continue an earlier run choose Resume, to replace it Overwrite.");
        }
        if (e instanceof NoSuchFileException) {
            return error("Could not " + action, "file not found: " + msg,
                    "The file was moved or deleted; pick it again.");
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return error("Could not " + action, "permission denied: " + msg,
                    "Choose a folder you can write to, or change the file's permissions.");
        }
        if (e instanceof java.io.IOException) {
            return error("Could not " + action, msg,
                    "Check that the disk is not full and the folder is writable, then try again.");
        }
        if (e instanceof OutOfMemoryError) {
            return error("Not enough memory to " + action, "the image is too large for the memory given to Java",
                    "Start DermaSeg with more memory, e.g. java -Xmx8g -jar dermaseg.jar.");
        }
        if (e instanceof IllegalArgumentException) {
            return error("Could not " + action, msg, "Check the input and try again.");
        }
        return error("Could not " + action, "unexpected error: " + msg,
                "Try again; if it keeps happening, report it with the image that causes it.");
    }

    /** "/a/b/c.png: reason" -> "reason" (the loader starts its messages with the file's path). */
    static String withoutLeadingPath(String msg) {
        int i = msg.indexOf(": ");
        if (i > 0 && (msg.lastIndexOf('/', i) >= 0 || msg.lastIndexOf('\\', i) >= 0)) {
            return msg.substring(i + 2);
        }
        return msg;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Reason and advice as one text, for dialogs and logs. */
    public String text() {
        return reason + (whatToDo == null || whatToDo.isBlank() ? "" : "\n\nWhat to do: " + whatToDo);
    }
}
