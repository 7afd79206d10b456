package org.dermaseg.inference.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dermaseg.inference.io.ImageFiles;

/**
 * Images named one by one ({@code segment}, {@code report}, {@code samples}), in the order given. Rows name
 * each image as it was given; outputs are named by the file name alone (never by '..' or absolute parts), so
 * two inputs with one stem would clash: the later one fails up front, as does one whose output already exists
 * (unless overwriting), before anything runs.
 */
final class FileList implements ImageSource {
    private final List<Path> files;
    private final Map<Integer, String> refused = new HashMap<>();

    /**
     * @param outputDir the output folder, or null when nothing is written (no clashes then)
     * @param what      what the output is called in messages ("output", "report")
     */
    FileList(List<Path> files, Path outputDir, String suffix, boolean overwrite, String what) {
        this.files = List.copyOf(files);
        if (outputDir == null) {
            return;
        }
        Map<String, Path> claimed = new HashMap<>(); // output name -> input
        for (int i = 0; i < this.files.size(); i++) {
            Path image = this.files.get(i);
            String name = ImageFiles.stem(image.getFileName().toString()) + suffix;
            Path target = outputDir.resolve(name);
            Path earlier = claimed.putIfAbsent(name, image);
            if (earlier != null) {
                refused.put(i, "same " + what + " name as " + earlier + " (" + name + ")");
            } else if (!overwrite && Files.exists(target)) {
                refused.put(i, "output exists: " + target + " (use --overwrite)");
            }
        }
    }

    @Override
    public long count(Shard shard) {
        long n = 0;
        for (int i = 0; i < files.size(); i++) {
            n += shard.includes(i) ? 1 : 0;
        }
        return n;
    }

    @Override
    public void walk(Visitor visitor) {
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String problem = refused.get(i);
            boolean go = problem == null
                    ? visitor.image(i, file, file.getFileName(), file.toString())
                    : visitor.problem(i, file, file.toString(), problem);
            if (!go) {
                return;
            }
        }
    }
}
