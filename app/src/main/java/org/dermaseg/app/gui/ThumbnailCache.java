package org.dermaseg.app.gui;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import org.dermaseg.inference.image.ImageLimits;
import org.dermaseg.inference.image.ImageLoader;
import org.dermaseg.inference.render.Thumbnail;

/**
 * Previews for the image list, made on a low-priority background thread only for the rows on screen and
 * kept in a bounded cache. FX thread only, except the decoding.
 */
final class ThumbnailCache implements AutoCloseable {
    static final int SIDE = 72;
    private static final int CAPACITY = 400;

    private final ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dermaseg-thumbnails");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private final ImageLoader loader = new ImageLoader(ImageLimits.DEFAULT, true);
    private final Map<Path, Image> cache = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Image> e) {
            return size() > CAPACITY;
        }
    };
    private final Set<Path> pending = new HashSet<>();
    private final Set<Path> failed = new HashSet<>();
    private final Runnable onReady;

    ThumbnailCache(Runnable onReady) {
        this.onReady = onReady;
    }

    /** The preview when ready; otherwise null, and it is made (then {@code onReady} runs). */
    Image get(Path file) {
        Image img = cache.get(file);
        if (img != null || failed.contains(file) || !pending.add(file)) {
            return img;
        }
        exec.submit(() -> {
            Thumbnail t;
            try {
                t = Thumbnail.of(loader, file, SIDE);
            } catch (Exception | OutOfMemoryError e) {
                t = null; // an unreadable file shows no preview; opening it says why
            }
            Thumbnail done = t;
            Platform.runLater(() -> {
                pending.remove(file);
                if (done == null) {
                    failed.add(file);
                } else {
                    WritableImage w = new WritableImage(done.width(), done.height());
                    w.getPixelWriter().setPixels(0, 0, done.width(), done.height(), PixelFormat.getIntArgbInstance(),
                            done.argb(), 0, done.width());
                    cache.put(file, w);
                }
                onReady.run();
            });
        });
        return null;
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
