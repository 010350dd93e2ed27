/**
 * The built-in learning-rate schedules: {@code constant}, {@code step}, {@code exponential}, {@code cosine} and
 * {@code warmup}. {@code step}, {@code exponential} and {@code cosine} change the rate once per epoch and equal
 * PyTorch's {@code StepLR}, {@code ExponentialLR} and {@code CosineAnnealingLR} stepped once per epoch;
 * {@code warmup} equals {@code LinearLR} (optionally followed by {@code CosineAnnealingLR}, as
 * {@code SequentialLR} chains them) and counts epochs or optimizer steps. Each is a closed formula of the
 * training progress, so a resumed run gets the same rates without any saved schedule state.
 */
package org.nnj.optimizers.schedules;
