package org.dermaseg.app.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned text columns; numbers are right-aligned. Enough for terminal tables. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    public TextTable(String... header) {
        this.header = header;
    }

    public TextTable add(Object... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
        return this;
    }

    public int size() {
        return rows.size();
    }

    public void print(PrintStream out) {
        int[] w = new int[header.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        out.println(line(header, w, false));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        out.println(rule);
        for (String[] r : rows) {
            out.println(line(r, w, true));
        }
    }

    private static String line(String[] cells, int[] w, boolean alignNumbers) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            boolean right = alignNumbers && cells[i].matches("-?[0-9][0-9.,]*( ?[a-z%]*)?");
            String pad = " ".repeat(w[i] - cells[i].length());
            sb.append(right ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
        }
        return sb.toString().stripTrailing();
    }
}
