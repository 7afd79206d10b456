package org.dermaseg.inference.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dermaseg.testsupport.RepoPaths;

/** The PH2 experts' labels of the 10 sample images (copied from PH2_dataset.xlsx; see ph2-labels/SOURCES.md). */
record Ph2Labels(String id, int asymmetry, Set<DermoscopicColour> colours) {

    static Path folder() {
        return RepoPaths.root().resolve("inference/src/test/resources/ph2-labels");
    }

    static List<Ph2Labels> all() throws IOException {
        List<String> lines = Files.readAllLines(folder().resolve("annotations.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        int id = header.indexOf("image");
        int asym = header.indexOf("asymmetry");
        int col = header.indexOf("colours");
        List<Ph2Labels> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split(",", -1);
            Set<DermoscopicColour> colours = EnumSet.noneOf(DermoscopicColour.class);
            for (String s : c[col].trim().split(" +")) {
                if (!s.isEmpty()) {
                    colours.add(DermoscopicColour.ofId(s));
                }
            }
            out.add(new Ph2Labels(c[id], Integer.parseInt(c[asym].trim()), colours));
        }
        return out;
    }
}
