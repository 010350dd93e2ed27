/**
 * The {@code cpu} backend: the framework's own matrix kernels behind {@link org.nnj.api.spi.MatOps} (pure Java,
 * the Vector API where the JVM has it), chosen unless a network names another backend.
 */
package org.nnj.core.cpu;
