import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the DermaSeg application icon with Java2D and writes every format the installers need:
 * PNGs (Linux desktop entry, jpackage --icon on Linux), a Windows .ico (BMP entries up to 48 px, a PNG
 * entry at 256 px) and a macOS .icns (PNG entries ic07..ic14). No third-party tools: run with
 * {@code java packaging/icons/MakeIcons.java assets/icons} from the repository root. The outputs are
 * committed, so builds never need to run this; rerun it only to change the design.
 *
 * <p>The picture: a dermoscopy-like lesion (irregular brown blob) on a teal rounded square, outlined by
 * a bright segmentation contour.
 */
public final class MakeIcons {
    private MakeIcons() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/icons");
        Files.createDirectories(out);
        Map<Integer, BufferedImage> img = new LinkedHashMap<>();
        for (int s : new int[] {16, 32, 48, 64, 128, 256, 512, 1024}) {
            img.put(s, draw(s));
        }
        for (int s : new int[] {16, 32, 48, 64, 128, 256, 512}) {
            ImageIO.write(img.get(s), "png", out.resolve("dermaseg-" + s + ".png").toFile());
        }
        ImageIO.write(img.get(256), "png", out.resolve("dermaseg.png").toFile());
        Files.write(out.resolve("dermaseg.ico"), ico(img));
        Files.write(out.resolve("dermaseg.icns"), icns(img));
        System.out.println("icons written to " + out.toAbsolutePath());
    }

    /** The icon at {@code size} px, drawn from vectors on a 256-unit canvas. */
    static BufferedImage draw(int size) {
        BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = im.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 256.0, size / 256.0);

        // background: teal rounded square with a soft vertical gradient
        RoundRectangle2D bg = new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56);
        g.setPaint(new GradientPaint(0, 8, new Color(0x2a8c99), 0, 248, new Color(0x154652)));
        g.fill(bg);
        // skin-coloured disc, like the round dermoscope field of view
        g.setPaint(new RadialGradientPaint(128, 120, 104, new float[] {0f, 1f},
                new Color[] {new Color(0xf3d2b8), new Color(0xd9a57f)}));
        g.fillOval(28, 28, 200, 200);

        // the lesion: an irregular blob, dark centre
        Path2D lesion = blob(128, 128, 62, 1.0);
        g.setPaint(new RadialGradientPaint(120, 122, 70, new float[] {0f, 0.6f, 1f},
                new Color[] {new Color(0x3a1f12), new Color(0x6b3a22), new Color(0x9a6240)}));
        g.fill(lesion);

        // the segmentation contour, slightly outside the lesion
        float w = size <= 32 ? 14f : size <= 64 ? 11f : 8f; // thicker where pixels are few
        g.setStroke(new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(0xc6f04a));
        g.draw(blob(128, 128, 62, 1.12));
        g.dispose();
        return im;
    }

    /** A closed irregular curve r(t) = R (1 + 0.13 sin 3t + 0.07 cos 5t + 0.04 sin 7t), scaled by k. */
    static Path2D blob(double cx, double cy, double r, double k) {
        Path2D p = new Path2D.Double();
        int n = 240;
        for (int i = 0; i <= n; i++) {
            double t = 2 * Math.PI * i / n;
            double rr = r * k * (1 + 0.13 * Math.sin(3 * t + 0.4) + 0.07 * Math.cos(5 * t) + 0.04 * Math.sin(7 * t + 1));
            double x = cx + rr * Math.cos(t) * 1.08;
            double y = cy + rr * Math.sin(t) * 0.94;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        p.transform(AffineTransform.getRotateInstance(-0.3, cx, cy));
        return p;
    }

    static byte[] png(BufferedImage im) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(im, "png", b);
        return b.toByteArray();
    }

    /** Windows ICO: 16/32/48 as 32-bit BMP entries (with AND mask), 256 as a PNG entry. */
    static byte[] ico(Map<Integer, BufferedImage> img) throws IOException {
        int[] sizes = {16, 32, 48, 256};
        byte[][] data = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            data[i] = sizes[i] >= 256 ? png(img.get(sizes[i])) : dib(img.get(sizes[i]));
        }
        int headerLen = 6 + 16 * sizes.length;
        ByteBuffer bb = ByteBuffer.allocate(headerLen + java.util.Arrays.stream(data).mapToInt(d -> d.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort((short) 0).putShort((short) 1).putShort((short) sizes.length);
        int offset = headerLen;
        for (int i = 0; i < sizes.length; i++) {
            int s = sizes[i];
            bb.put((byte) (s >= 256 ? 0 : s)).put((byte) (s >= 256 ? 0 : s)); // 0 means 256
            bb.put((byte) 0).put((byte) 0);            // no palette, reserved
            bb.putShort((short) 1).putShort((short) 32); // planes, bits per pixel
            bb.putInt(data[i].length).putInt(offset);
            offset += data[i].length;
        }
        for (byte[] d : data) {
            bb.put(d);
        }
        return bb.array();
    }

    /** BITMAPINFOHEADER + bottom-up BGRA rows + 1-bit AND mask (all zero: alpha decides). */
    static byte[] dib(BufferedImage im) {
        int s = im.getWidth();
        int maskRow = ((s + 31) / 32) * 4;
        ByteBuffer bb = ByteBuffer.allocate(40 + s * s * 4 + maskRow * s).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(40).putInt(s).putInt(2 * s).putShort((short) 1).putShort((short) 32)
                .putInt(0).putInt(s * s * 4 + maskRow * s).putInt(0).putInt(0).putInt(0).putInt(0);
        for (int y = s - 1; y >= 0; y--) {
            for (int x = 0; x < s; x++) {
                int argb = im.getRGB(x, y);
                bb.put((byte) argb).put((byte) (argb >> 8)).put((byte) (argb >> 16)).put((byte) (argb >>> 24));
            }
        }
        return bb.array(); // the mask bytes stay zero
    }

    /** macOS ICNS with PNG payloads: ic11/ic12 are the 16/32 @2x, ic07..ic10 are 128..1024. */
    static byte[] icns(Map<Integer, BufferedImage> img) throws IOException {
        Map<String, Integer> entries = new LinkedHashMap<>();
        entries.put("ic11", 32);
        entries.put("ic12", 64);
        entries.put("ic07", 128);
        entries.put("ic13", 256);
        entries.put("ic08", 256);
        entries.put("ic14", 512);
        entries.put("ic09", 512);
        entries.put("ic10", 1024);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body); // big-endian, as ICNS wants
        for (Map.Entry<String, Integer> e : entries.entrySet()) {
            byte[] p = png(img.get(e.getValue()));
            d.writeBytes(e.getKey());
            d.writeInt(8 + p.length);
            d.write(p);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream a = new DataOutputStream(all);
        a.writeBytes("icns");
        a.writeInt(8 + body.size());
        a.write(body.toByteArray());
        return all.toByteArray();
    }
}
