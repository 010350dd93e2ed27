/**
 * Files a user keeps: JSON spec files ({@link org.nnj.io.SpecReader}, {@link org.nnj.io.SpecWriter}), model
 * files in the safetensors format ({@link org.nnj.io.ModelFile}) and training checkpoints
 * ({@link org.nnj.io.Checkpoint}, {@link org.nnj.io.CheckpointListener}). Spec and model files name plugins by
 * their stable names and parameters, never by class; files are treated as untrusted input and checked before
 * anything is allocated; saves are atomic.
 */
package org.nnj.io;
