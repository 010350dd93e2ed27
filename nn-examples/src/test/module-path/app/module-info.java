/** A user's application on the module path: needs only what the nnj modules export. */
module nnj.modcheck {
    requires org.nnj.core;
    requires org.nnj.io;
    requires org.nnj.onnx;
}
