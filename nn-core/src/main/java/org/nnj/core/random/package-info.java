/** Seeded random numbers whose whole state is one {@code long}, so runs repeat bit for bit and resume exactly. */
package org.nnj.core.random;
