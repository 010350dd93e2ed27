/**
 * Internal: the matrix kernels behind {@link org.nnj.api.spi.MatOps}. Row-major, BLAS-style signatures over
 * primitive arrays with offsets and leading dimensions. Not for use outside nnj's own modules.
 */
package org.nnj.core.math;
