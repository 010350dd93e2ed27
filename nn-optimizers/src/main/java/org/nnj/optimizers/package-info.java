/**
 * The built-in optimizers: {@code sgd} (plain gradient descent, momentum, Nesterov momentum), {@code adagrad},
 * {@code rmsprop}, {@code adam} and {@code adamw}. Each follows the update rule of the PyTorch 1.13 optimizer of
 * the same name exactly, as its javadoc spells out, and is checked against trajectories PyTorch produced
 * ({@code tools/golden/optimizers.py}).
 *
 * <p>An optimizer is a stateless configuration; its {@link org.nnj.api.spi.Updater} holds the state of one
 * parameter vector. State arrays are allocated at the first update (or when a checkpoint asks for
 * {@link org.nnj.api.spi.Updater#state()}), and an update allocates nothing.
 */
package org.nnj.optimizers;
