/**
 * The built-in weight initializers: {@code zeros}, {@code constant}, {@code uniform}, {@code normal}, Xavier/Glorot,
 * He/Kaiming and LeCun, each uniform or normal, with PyTorch's ({@code torch.nn.init}) formulas for the scale.
 *
 * <p>Drawing is exactly reproducible: every random initializer draws one number per element from the
 * {@link java.util.random.RandomGenerator} it is given, in row-major order (element {@code i} of the matrix is
 * the {@code i}-th draw), and nothing else: {@code low + (high - low) * nextDouble()} for a uniform value and
 * {@code mean + std * nextGaussian()} for a normal one, computed in double and rounded once to the matrix's
 * precision. So the same generator state gives the same weights, and float32 weights are the float64 ones rounded.
 */
package org.nnj.initializers;
