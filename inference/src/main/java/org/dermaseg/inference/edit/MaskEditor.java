package org.dermaseg.inference.edit;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;

import org.dermaseg.inference.preprocess.BinaryMask;

/**
 * Hand corrections of a model mask: brush (paint lesion) and eraser (paint background) strokes, undo/redo,
 * and reset to the model's output.
 *
 * <p>The corrections live in an <em>override layer</em> over the model mask (the <em>base</em>): each pixel
 * is either left to the base, forced to lesion, or forced to background. The mask shown and saved is the
 * base with the overrides applied. Because of that split, {@link #setBase} (a new threshold) keeps every
 * correction: a pixel painted by hand stays as painted whatever the threshold.
 *
 * <p>Undo entries are compact diffs of the override layer: the indices of the pixels a stroke changed
 * (each recorded once, the first time the stroke changes it) with their previous override, plus the one
 * value the stroke wrote. Old entries are dropped beyond {@link #MAX_UNDO} edits or
 * {@link #MAX_UNDO_PIXELS} recorded pixels, so the history has a fixed memory bound.
 *
 * <p>Not thread-safe: one owner (a GUI thread) edits; others get copies through {@link #mask()}.
 */
public final class MaskEditor {
    /** Override values. */
    static final byte KEEP = 0;
    static final byte FORCE_LESION = 1;
    static final byte FORCE_BACKGROUND = 2;

    public static final int MAX_UNDO = 200;
    public static final long MAX_UNDO_PIXELS = 64L * 1024 * 1024;

    private final int width;
    private final int height;
    private byte[] base;
    private final byte[] override;
    private final byte[] current;
    /** Pixels where {@link #current} differs from {@link #base}. */
    private long differing;
    /** Increases with every change of the current mask (edits, undo, redo, reset, new base). */
    private long revision;

    private final Deque<Edit> undo = new ArrayDeque<>();
    private final Deque<Edit> redo = new ArrayDeque<>();
    private long undoPixels;

    private Stroke stroke;

    /** One undoable change of the override layer. */
    private record Edit(int[] indices, byte[] before, byte after, PixelBounds bounds) {
    }

    /** A stroke under way: growable index/old-value lists. */
    private static final class Stroke {
        final byte value;
        int[] indices = new int[256];
        byte[] before = new byte[256];
        int size;
        PixelBounds bounds = PixelBounds.EMPTY;

        Stroke(byte value) {
            this.value = value;
        }

        void add(int index, byte old) {
            if (size == indices.length) {
                int n = Math.max(16, size * 2);
                indices = Arrays.copyOf(indices, n);
                before = Arrays.copyOf(before, n);
            }
            indices[size] = index;
            before[size] = old;
            size++;
        }
    }

    public MaskEditor(BinaryMask modelMask) {
        Objects.requireNonNull(modelMask, "modelMask");
        this.width = modelMask.width();
        this.height = modelMask.height();
        this.base = modelMask.data().clone();
        this.override = new byte[base.length];
        this.current = base.clone();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    // ---------------------------------------------------------------- state

    /** The corrected mask as a copy (safe to hand to other threads). */
    public BinaryMask mask() {
        return new BinaryMask(width, height, current.clone());
    }

    /** The corrected mask, live: 0/1 per pixel, row-major. Read only; changes with every edit. */
    public byte[] currentData() {
        return current;
    }

    /** The model's mask this editor corrects (a copy). */
    public BinaryMask modelMask() {
        return new BinaryMask(width, height, base.clone());
    }

    /** True when the corrected mask differs from the model's in at least one pixel. */
    public boolean isEdited() {
        return differing > 0;
    }

    /** Pixels where the corrected mask differs from the model's. */
    public long changedPixels() {
        return differing;
    }

    /** Lesion pixels of the corrected mask. */
    public long area() {
        long n = 0;
        for (byte b : current) {
            n += b;
        }
        return n;
    }

    /** Changes whenever the corrected mask may have changed; compare to know whether a copy is stale. */
    public long revision() {
        return revision;
    }

    public boolean canUndo() {
        return !undo.isEmpty() && stroke == null;
    }

    public boolean canRedo() {
        return !redo.isEmpty() && stroke == null;
    }

    public int undoDepth() {
        return undo.size();
    }

    // ---------------------------------------------------------------- base

    /**
     * Replaces the model mask (e.g. re-thresholded) and keeps every override: hand-painted pixels stay as
     * painted. Not undoable (the threshold has its own control). Returns the whole image as changed.
     */
    public PixelBounds setBase(BinaryMask modelMask) {
        if (modelMask.width() != width || modelMask.height() != height) {
            throw new IllegalArgumentException("mask is " + modelMask.width() + "x" + modelMask.height()
                    + ", the editor holds " + width + "x" + height);
        }
        base = modelMask.data().clone();
        long diff = 0;
        for (int i = 0; i < current.length; i++) {
            byte o = override[i];
            byte c = o == KEEP ? base[i] : (o == FORCE_LESION ? (byte) 1 : 0);
            current[i] = c;
            if (c != base[i]) {
                diff++;
            }
        }
        differing = diff;
        revision++;
        return new PixelBounds(0, 0, width, height);
    }

    // ---------------------------------------------------------------- strokes

    /** Starts a stroke: {@code lesion} true paints lesion (brush), false paints background (eraser). */
    public void beginStroke(boolean lesion) {
        if (stroke != null) {
            endStroke();
        }
        stroke = new Stroke(lesion ? FORCE_LESION : FORCE_BACKGROUND);
    }

    public boolean inStroke() {
        return stroke != null;
    }

    /**
     * Paints a disc of {@code radius} pixels centred at ({@code cx}, {@code cy}) (image coordinates, pixel
     * (x, y) spans [x, x+1)): every pixel whose centre lies within the radius, and always the pixel under the
     * centre. Returns the pixels changed.
     */
    public PixelBounds dab(double cx, double cy, double radius) {
        return line(cx, cy, cx, cy, radius);
    }

    /**
     * Paints the capsule swept by a disc of {@code radius} moving from (x0, y0) to (x1, y1): a brush drag
     * between two mouse events, without gaps however fast the mouse moved. Returns the pixels changed.
     */
    public PixelBounds line(double x0, double y0, double x1, double y1, double radius) {
        if (stroke == null) {
            throw new IllegalStateException("beginStroke first");
        }
        if (!(radius >= 0) || !Double.isFinite(x0) || !Double.isFinite(y0) || !Double.isFinite(x1)
                || !Double.isFinite(y1)) {
            throw new IllegalArgumentException("bad stroke geometry");
        }
        double r = radius;
        int bx0 = Math.max(0, (int) Math.floor(Math.min(x0, x1) - r));
        int by0 = Math.max(0, (int) Math.floor(Math.min(y0, y1) - r));
        int bx1 = Math.min(width - 1, (int) Math.ceil(Math.max(x0, x1) + r));
        int by1 = Math.min(height - 1, (int) Math.ceil(Math.max(y0, y1) + r));
        PixelBounds changed = PixelBounds.EMPTY;
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len2 = dx * dx + dy * dy;
        double r2 = r * r;
        for (int y = by0; y <= by1; y++) {
            double py = y + 0.5;
            for (int x = bx0; x <= bx1; x++) {
                double px = x + 0.5;
                double t = len2 == 0 ? 0 : ((px - x0) * dx + (py - y0) * dy) / len2;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                double ex = px - (x0 + t * dx);
                double ey = py - (y0 + t * dy);
                if (ex * ex + ey * ey <= r2 && set(x, y)) {
                    changed = changed.union(PixelBounds.of(x, y));
                }
            }
        }
        // the pixels under both ends, so a tiny brush still paints where the pointer is
        for (double[] p : new double[][] {{x0, y0}, {x1, y1}}) {
            int x = (int) Math.floor(p[0]);
            int y = (int) Math.floor(p[1]);
            if (x >= 0 && y >= 0 && x < width && y < height && set(x, y)) {
                changed = changed.union(PixelBounds.of(x, y));
            }
        }
        stroke.bounds = stroke.bounds.union(changed);
        return changed;
    }

    /** Writes the stroke's value at one pixel; true when the override changed. */
    private boolean set(int x, int y) {
        int i = y * width + x;
        byte old = override[i];
        if (old == stroke.value) {
            return false;
        }
        stroke.add(i, old);
        writeOverride(i, stroke.value);
        return true;
    }

    /** Ends the stroke; it becomes one undo step if it changed anything. Returns the pixels it changed. */
    public PixelBounds endStroke() {
        Stroke s = stroke;
        stroke = null;
        if (s == null || s.size == 0) {
            return PixelBounds.EMPTY;
        }
        push(new Edit(Arrays.copyOf(s.indices, s.size), Arrays.copyOf(s.before, s.size), s.value, s.bounds));
        return s.bounds;
    }

    /** Removes every correction (undoable): the mask becomes the model's again. */
    public PixelBounds resetToModel() {
        if (stroke != null) {
            endStroke();
        }
        int n = 0;
        for (byte o : override) {
            if (o != KEEP) {
                n++;
            }
        }
        if (n == 0) {
            return PixelBounds.EMPTY;
        }
        int[] idx = new int[n];
        byte[] before = new byte[n];
        int k = 0;
        PixelBounds bounds = PixelBounds.EMPTY;
        for (int i = 0; i < override.length; i++) {
            if (override[i] != KEEP) {
                idx[k] = i;
                before[k] = override[i];
                k++;
            }
        }
        bounds = boundsOf(idx);
        for (int i : idx) {
            writeOverride(i, KEEP);
        }
        push(new Edit(idx, before, KEEP, bounds));
        return bounds;
    }

    // ---------------------------------------------------------------- undo / redo

    /** Undoes the last edit; returns the pixels it changed (empty when there was nothing to undo). */
    public PixelBounds undo() {
        if (!canUndo()) {
            return PixelBounds.EMPTY;
        }
        Edit e = undo.pop();
        undoPixels -= e.indices.length;
        for (int k = e.indices.length - 1; k >= 0; k--) {
            writeOverride(e.indices[k], e.before[k]);
        }
        redo.push(e);
        return e.bounds;
    }

    /** Redoes the last undone edit; returns the pixels it changed. */
    public PixelBounds redo() {
        if (!canRedo()) {
            return PixelBounds.EMPTY;
        }
        Edit e = redo.pop();
        for (int i : e.indices) {
            writeOverride(i, e.after);
        }
        undo.push(e);
        undoPixels += e.indices.length;
        trim();
        return e.bounds;
    }

    private void push(Edit e) {
        undo.push(e);
        undoPixels += e.indices.length;
        redo.clear();
        trim();
    }

    private void trim() {
        while (undo.size() > 1 && (undo.size() > MAX_UNDO || undoPixels > MAX_UNDO_PIXELS)) {
            Edit oldest = undo.removeLast();
            undoPixels -= oldest.indices.length;
        }
    }

    private void writeOverride(int i, byte value) {
        override[i] = value;
        byte c = value == KEEP ? base[i] : (value == FORCE_LESION ? (byte) 1 : 0);
        byte old = current[i];
        if (c != old) {
            current[i] = c;
            differing += (c != base[i] ? 1 : 0) - (old != base[i] ? 1 : 0);
        }
        revision++;
    }

    private PixelBounds boundsOf(int[] idx) {
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        for (int i : idx) {
            int x = i % width;
            int y = i / width;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        return maxX < 0 ? PixelBounds.EMPTY : new PixelBounds(minX, minY, maxX + 1, maxY + 1);
    }
}
