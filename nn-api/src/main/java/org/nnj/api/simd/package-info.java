/**
 * The Vector API shape shared by every SIMD loop in the process ({@link org.nnj.api.simd.Lanes}) and whether this
 * JVM can run such loops ({@link org.nnj.api.simd.VectorApi}).
 */
package org.nnj.api.simd;
