/**
 * ONNX export and import of networks. The classes protoc generates from {@code onnx.proto}
 * ({@code org.nnj.onnx.proto}) are not exported; they are opened to protobuf's runtime, which reflects on them.
 */
module org.nnj.onnx {
    requires transitive org.nnj.core;
    requires org.nnj.io;
    requires org.nnj.data;
    requires com.google.protobuf;
    requires org.slf4j;
    requires static org.apiguardian.api;

    exports org.nnj.onnx;
    opens org.nnj.onnx.proto to com.google.protobuf;
}
