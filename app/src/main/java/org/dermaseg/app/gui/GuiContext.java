package org.dermaseg.app.gui;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What the main window needs from outside: where preferences live, the shared segmenter, how to open a
 * document (a report) with the desktop, and the image to show first.
 *
 * @param openDocument opens a file with the desktop's default application (tests record the request)
 * @param initialImage image or folder to open at start, or null
 */
public record GuiContext(PreferencesStore store, SegmenterService segmenters, Consumer<Path> openDocument,
                         Path initialImage) {
}
