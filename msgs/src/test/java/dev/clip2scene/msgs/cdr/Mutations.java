package dev.clip2scene.msgs.cdr;

import java.util.Arrays;
import java.util.Random;

/** Mutations a fuzz test applies to a valid payload: the ways real corruption and hostile input look. */
public final class Mutations {
  private static final int[] INTERESTING_U32 = {0, 1, 3, 4, 0x7f, 0xff, 0xffff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff,
      0x0100_0000, 0x00ff_ffff};

  private Mutations() {}

  /** One to three mutations of INPUT. */
  public static byte[] mutate(byte[] input, Random rnd) {
    byte[] b = input;
    int n = 1 + rnd.nextInt(3);
    for (int k = 0; k < n; k++) b = once(b, rnd);
    return b;
  }

  private static byte[] once(byte[] b, Random rnd) {
    if (b.length == 0) return new byte[] {(byte) rnd.nextInt()};
    int at = rnd.nextInt(b.length);
    switch (rnd.nextInt(8)) {
      case 0 -> {
        byte[] c = b.clone();
        c[at] ^= (byte) (1 << rnd.nextInt(8));
        return c;
      }
      case 1 -> {
        byte[] c = b.clone();
        c[at] = (byte) rnd.nextInt();
        return c;
      }
      case 2 -> {
        byte[] c = b.clone();
        int u = INTERESTING_U32[rnd.nextInt(INTERESTING_U32.length)];
        int aligned = Math.max(4, at & ~3);
        for (int i = 0; i < 4 && aligned + i < c.length; i++) {
          c[aligned + i] = (byte) (rnd.nextBoolean() ? u >>> (8 * i) : u >>> (24 - 8 * i));
        }
        return c;
      }
      case 3 -> {
        return Arrays.copyOf(b, at);
      }
      case 4 -> {
        byte[] c = new byte[b.length + 1 + rnd.nextInt(8)];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at, c, c.length - (b.length - at), b.length - at);
        return c;
      }
      case 5 -> {
        int len = Math.min(1 + rnd.nextInt(8), b.length - at);
        byte[] c = new byte[b.length - len];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + len, c, at, b.length - at - len);
        return c;
      }
      case 6 -> {
        byte[] c = b.clone();
        Arrays.fill(c, at, Math.min(c.length, at + 1 + rnd.nextInt(16)), (byte) (rnd.nextBoolean() ? 0xff : 0));
        return c;
      }
      default -> {
        byte[] c = b.clone();
        if (c.length > 1) c[1] ^= 1;  // flip the announced byte order
        return c;
      }
    }
  }
}
