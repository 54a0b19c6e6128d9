/**
 * Reading and writing the files tal4j exchanges with Python and with its users, with no
 * dependency: NumPy's {@code .npy} arrays ({@link io.tal4j.io.Npy}) and {@code .npz} archives
 * ({@link io.tal4j.io.Npz}), held as {@link io.tal4j.io.NpyArray}, and a small JSON reader and
 * writer ({@link io.tal4j.io.Json}).
 *
 * <p>Content errors throw {@link io.tal4j.io.FormatException} (an {@link IllegalArgumentException})
 * naming the file, entry or position and what is wrong; I/O failures throw
 * {@link java.io.IOException}. Files are written atomically: a reader sees the old file or the
 * complete new one, and a failed write leaves nothing behind.
 */
package io.tal4j.io;
