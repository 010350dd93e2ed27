/**
 * Files a user keeps: JSON spec files, safetensors model files and training checkpoints. The atomic file
 * replacement they share ({@code org.nnj.io.internal}) is exported only to nn-onnx.
 */
module org.nnj.io {
    requires transitive org.nnj.api;
    requires transitive org.nnj.core;
    requires transitive org.nnj.data;
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static org.apiguardian.api;

    exports org.nnj.io;
    exports org.nnj.io.internal to org.nnj.onnx;
}
