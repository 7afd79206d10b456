package org.dermaseg.inference.batch;

/**
 * A deterministic 1/n slice of a batch, so that array jobs (Slurm {@code --array=1-n}, ...) split an
 * archive without talking to each other.
 *
 * <p>Every run lists the input in the same order (relative paths, sorted by name component, see
 * {@link FileWalker}); the file at 0-based position {@code p} of that order belongs to shard
 * {@code (p mod n) + 1}. Round-robin rather than contiguous blocks keeps shards balanced without
 * knowing the total up front, so the listing can stream.
 *
 * @param index 1-based shard number, {@code 1 <= index <= count}
 * @param count number of shards
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("shard count must be at least 1, got " + count);
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("shard index must be between 1 and " + count + ", got " + index
                    + " (shards are numbered from 1)");
        }
    }

    /** Parses {@code "i/n"}, e.g. {@code "3/8"}. */
    public static Shard parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("shard must look like i/n, e.g. 1/4");
        }
        String s = spec.trim();
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1 || s.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("shard must look like i/n, e.g. 1/4, got '" + spec + "'");
        }
        try {
            return new Shard(Integer.parseInt(s.substring(0, slash).trim()),
                    Integer.parseInt(s.substring(slash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must look like i/n with whole numbers, got '" + spec + "'");
        }
    }

    /** Whether the file at this 0-based position of the sorted listing belongs to this shard. */
    public boolean includes(long position) {
        return position % count == index - 1;
    }

    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
