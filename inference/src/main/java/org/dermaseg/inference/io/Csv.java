package org.dermaseg.inference.io;

/** CSV as RFC 4180 writes it, for every CSV DermaSeg writes (batch reports, metrics exports). */
public final class Csv {
    private Csv() {
    }

    /** One field: empty for null, quoted (quotes doubled) when it holds a comma, quote or line break. */
    public static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
