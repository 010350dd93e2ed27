/**
 * What nn-io's files share with the other nnj modules but not with users: atomic replacement of a file
 * ({@link org.nnj.io.internal.AtomicFile}). Not exported, except to {@code org.nnj.onnx}, which writes its ONNX
 * files the same way.
 */
package org.nnj.io.internal;
