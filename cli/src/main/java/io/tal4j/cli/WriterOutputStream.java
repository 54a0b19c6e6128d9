package io.tal4j.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** UTF-8 bytes to a {@link PrintWriter}, so that library progress goes to the command's stderr. */
final class WriterOutputStream extends OutputStream {
  private final PrintWriter writer;
  private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

  WriterOutputStream(PrintWriter writer) {
    this.writer = writer;
  }

  @Override
  public synchronized void write(int b) {
    pending.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    pending.write(b, off, len);
  }

  @Override
  public synchronized void flush() {
    writer.print(pending.toString(StandardCharsets.UTF_8));
    writer.flush();
    pending.reset();
  }
}
