/**
 * The backprop trace: {@link org.nnj.core.trace.BackpropTrace} records one training step of a small network
 * (z, a, delta, every dC/dw and dC/db, every updated value) and prints it as text a student can follow line by
 * line against the seed article; {@link org.nnj.core.trace.TraceNames} chooses the symbols.
 */
package org.nnj.core.trace;
