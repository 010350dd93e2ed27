/**
 * Internal, not API (may change in any release): whether the Vector API is usable, elementwise vector kernels
 * (the finite check of gradients), and a probe of the machine's peak vector FMA rate.
 */
package org.nnj.core.internal.simd;
