package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWalkerTest {
    @TempDir
    Path root;

    private void touch(String rel) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
    }

    /** "position:relative" for images, "position:relative!reason" for problems. */
    private List<String> walk(boolean recursive, Path exclude) throws IOException {
        List<String> out = new ArrayList<>();
        new FileWalker(root, recursive, exclude).walk(new FileWalker.Visitor() {
            @Override
            public boolean image(long position, Path file, Path relative) {
                out.add(position + ":" + OutputLayout.slashed(relative));
                return true;
            }

            @Override
            public boolean problem(long position, Path path, Path relative, String reason) {
                out.add(position + ":" + OutputLayout.slashed(relative) + "!" + reason);
                return true;
            }
        });
        return out;
    }

    @Test
    void sortedDepthFirstAndOnlyImages() throws IOException {
        touch("b.png");
        touch("a.JPG");
        touch("notes.txt");
        touch(".hidden.png");
        touch("sub/z.tif");
        touch("sub/deeper/y.bmp");
        touch("c.jpeg");
        assertEquals(List.of("0:a.JPG", "1:b.png", "2:c.jpeg", "3:sub/deeper/y.bmp", "4:sub/z.tif"), walk(true, null));
        assertEquals(List.of("0:a.JPG", "1:b.png", "2:c.jpeg"), walk(false, null));
    }

    @Test
    void masksAndOverlaysBesideTheirImageAreNotInputs() throws IOException {
        touch("x.jpg");
        touch("x_segmentation.png");
        touch("x_overlay.png");
        touch("x_GT.png");
        touch("lonely_mask.png"); // no image "lonely": an input in its own right
        assertEquals(List.of("0:lonely_mask.png", "1:x.jpg"), walk(false, null));
    }

    @Test
    void collidingOutputNamesAreProblems() throws IOException {
        touch("a.png");
        touch("a.jpg");
        List<String> out = walk(false, null);
        assertEquals(2, out.size());
        assertEquals("0:a.jpg", out.get(0));
        assertTrue(out.get(1).startsWith("1:a.png!output name collides with a.jpg"), out.get(1));
    }

    @Test
    void excludedFolderIsNotEntered() throws IOException {
        touch("a.png");
        touch("out/a_segmentation.png");
        touch("out/sub/other.png");
        assertEquals(List.of("0:a.png"), walk(true, root.resolve("out")));
    }

    @Test
    void symlinkLoopIsReportedNotFollowedForever() throws IOException {
        touch("d/a.png");
        try {
            Files.createSymbolicLink(root.resolve("d/loop"), root.resolve("d"));
            Files.createSymbolicLink(root.resolve("d/broken.png"), root.resolve("nowhere.png"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links not available: " + e);
        }
        List<String> out = walk(true, null);
        assertEquals(3, out.size(), out.toString());
        assertEquals("0:d/a.png", out.get(0));
        assertTrue(out.get(1).startsWith("1:d/broken.png!broken symbolic link"), out.get(1));
        assertTrue(out.get(2).startsWith("2:d/loop!symbolic link loop"), out.get(2));
    }

    @Test
    void linkedFolderOutsideTheRootIsWalked(@TempDir Path elsewhere) throws IOException {
        Files.write(elsewhere.resolve("e.png"), new byte[] {1});
        try {
            Files.createSymbolicLink(root.resolve("linked"), elsewhere);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links not available: " + e);
        }
        assertEquals(List.of("0:linked/e.png"), walk(true, null));
    }

    @Test
    void unreadableFolderIsAProblemEntry() throws IOException {
        touch("a.png");
        touch("locked/b.png");
        Path locked = root.resolve("locked");
        assertTrue(locked.toFile().setReadable(false, false), "chmod a-r failed");
        try {
            List<String> out = walk(true, null);
            assertEquals("0:a.png", out.get(0));
            if (Files.isReadable(locked)) {
                // root (as in CI) reads past permission bits: the folder is simply walked. The unreadable
                // case as an unprivileged user is proven end to end (BadInputCorpusE2ETest runs as nobody).
                assertEquals(List.of("0:a.png", "1:locked/b.png"), out);
            } else {
                assertTrue(out.get(1).startsWith("1:locked!cannot read folder"), out.get(1));
            }
        } finally {
            locked.toFile().setReadable(true, false);
        }
    }

    @Test
    void countMatchesTheShardedWalk() throws IOException {
        for (int i = 0; i < 10; i++) {
            touch("f" + i + ".png");
        }
        FileWalker w = new FileWalker(root, false, null);
        assertEquals(10, w.count(Shard.ALL));
        assertEquals(4, w.count(new Shard(1, 3))); // positions 0, 3, 6, 9
        assertEquals(3, w.count(new Shard(3, 3)));
    }

    @Test
    void missingRootIsFatal() {
        assertThrows(IOException.class, () -> new FileWalker(root.resolve("nope"), true, null).walk(null));
    }

    @Test
    void visitorCanStopTheWalk() throws IOException {
        for (int i = 0; i < 5; i++) {
            touch("f" + i + ".png");
        }
        List<Long> seen = new ArrayList<>();
        new FileWalker(root, false, null).walk(new FileWalker.Visitor() {
            @Override
            public boolean image(long position, Path file, Path relative) {
                seen.add(position);
                return position < 1;
            }

            @Override
            public boolean problem(long position, Path path, Path relative, String reason) {
                return true;
            }
        });
        assertEquals(List.of(0L, 1L), seen);
    }
}
