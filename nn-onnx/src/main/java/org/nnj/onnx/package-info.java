/**
 * ONNX export ({@link org.nnj.onnx.OnnxExport}) and import ({@link org.nnj.onnx.OnnxImport}) of nnj networks; see
 * {@code docs/onnx.md}. Layers and activations map themselves to ONNX operators by implementing
 * {@link org.nnj.api.spi.OnnxExportable}; the protobuf classes ({@code org.nnj.onnx.proto}) are generated at build
 * time from the ONNX project's {@code onnx.proto}.
 */
package org.nnj.onnx;
