module nnj.sneaky {
    requires org.nnj.core;
}
