/**
 * Internal, not API (may change in any release): general matrix multiply. Row-major, BLAS-style signatures over
 * primitive arrays with offsets and leading dimensions: the blocked driver, packing, the register-tile kernels
 * and their configuration. Used by the {@code cpu} backend ({@link org.nnj.core.cpu}) and nnj's own modules.
 */
package org.nnj.core.internal.gemm;
