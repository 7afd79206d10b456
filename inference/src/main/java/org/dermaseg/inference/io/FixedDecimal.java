package org.dermaseg.inference.io;

/**
 * A finite double with a fixed number of decimals: exactly what {@code String.format(Locale.ROOT, "%.<places>f", v)}
 * writes (the digits of {@code Double.toString}, rounded half up at the last place kept, a minus sign for every
 * negative value including -0.0), without {@link java.util.Formatter}. A batch writes a few dozen such cells per
 * image, and in a 600-image bench batch the JIT spent 1.1-1.9 s of compile time on the Formatter's machinery (the
 * format string's regex, localised digits, {@code DecimalFormatSymbols}), several of its methods more than once;
 * rounding through {@code BigDecimal} instead still cost about 0.5 s (JFR, one run). This works on the characters of
 * {@code Double.toString} directly (docs/performance.md); {@code FixedDecimalTest} checks it against
 * {@code String.format} character for character.
 */
public final class FixedDecimal {
    private FixedDecimal() {
    }

    /**
     * @param places decimals after the point, 0 or more
     * @throws IllegalArgumentException for NaN and infinities (callers decide how to write those)
     */
    public static String format(double v, int places) {
        if (!Double.isFinite(v) || places < 0) {
            throw new IllegalArgumentException("cannot write " + v + " with " + places + " decimals");
        }
        // Double.toString gives "123.456" or "1.2345E-7": its significant digits and where the point goes
        String s = Double.toString(Math.abs(v));
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int dot = mantissa.indexOf('.');
        char[] digits = (mantissa.substring(0, dot) + mantissa.substring(dot + 1)).toCharArray();
        int point = dot + (e < 0 ? 0 : Integer.parseInt(s.substring(e + 1))); // digits before the point
        int keep = point + places; // digits of `digits` that stay
        // the kept digits, rounded half up by the first one dropped; one extra place in front for a carry
        char[] out = new char[Math.max(keep, 0) + 1];
        out[0] = '0';
        for (int i = 0; i < keep; i++) {
            out[i + 1] = i < digits.length ? digits[i] : '0';
        }
        if (keep >= 0 && keep < digits.length && digits[keep] >= '5') {
            int i = out.length - 1;
            while (out[i] == '9') {
                out[i--] = '0';
            }
            out[i]++;
        }
        // out holds the value times 10^places as a whole number (a leading '0' or the carry)
        StringBuilder sb = new StringBuilder(out.length + places + 3);
        if (Double.compare(v, 0.0) < 0) {
            sb.append('-');
        }
        int whole = out.length - places; // characters of out before the point, may be < 1
        int first = 0;
        while (first < whole - 1 && out[first] == '0') {
            first++; // no leading zeros, but keep one before the point
        }
        if (whole <= 0) {
            sb.append('0');
        } else {
            sb.append(out, first, whole - first);
        }
        if (places > 0) {
            sb.append('.');
            for (int i = whole; i < 0; i++) {
                sb.append('0');
            }
            int from = Math.max(whole, 0);
            sb.append(out, from, out.length - from);
        }
        return sb.toString();
    }
}
