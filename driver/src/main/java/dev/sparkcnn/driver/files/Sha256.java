package dev.sparkcnn.driver.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 checksums as lower-case hex, the form data sums and checkpoint manifests record. */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest, for checksumming a stream as it is copied. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The hex form of what {@code digest} has consumed so far; resets it. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String of(byte[] bytes) {
    MessageDigest digest = newDigest();
    digest.update(bytes);
    return hex(digest);
  }

  public static String of(Path file) throws IOException {
    return of(Files.newInputStream(file));
  }

  /** Of everything {@code stream} holds, read through in blocks, and closed. */
  public static String of(InputStream stream) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = new DigestInputStream(stream, digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return hex(digest);
  }
}
