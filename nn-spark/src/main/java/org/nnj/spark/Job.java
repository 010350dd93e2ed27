package org.nnj.spark;

import java.io.Serializable;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.TrainingOptions;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/**
 * What every task of a run needs, shipped in its closure: the spec (JSON), the initial parameters, the batch plan
 * and how to reach the driver's coordinator.
 *
 * @param runId         names the run on the driver's coordinator
 * @param specJson      the spec, as {@code SpecWriter.toCompactJson} writes it
 * @param initial       the initial parameters (the driver's network), as doubles
 * @param outputs       the network's outputs (targets per row)
 * @param plan          the global batches
 * @param epochs        epochs to train
 * @param mode          how replicas agree
 * @param localSteps    parameter averaging: local steps between averages (k)
 * @param world         replicas (partitions)
 * @param wire32        whether sums travel as float32 (a float32 network) or float64
 * @param driverHost    the coordinator's address
 * @param driverPort    the coordinator's port
 */
record Job(String runId, String specJson, double[] initial, int outputs, BatchPlan plan, int epochs,
           TrainingMode mode, int localSteps, int world, boolean wire32, String driverHost, int driverPort)
        implements Serializable {

    ModelSpec spec() {
        return new SpecReader(Nets.registry()).read(specJson, "the spec of Spark run " + runId);
    }

    /** The network of the spec with the run's initial parameters. */
    Network buildNetwork() {
        PluginRegistry registry = Nets.registry();
        Network net = Network.build(spec().network(), registry);
        Replica.copyInto(initial, 0, net.parameters());
        return net;
    }

    TrainingOptions trainingOptions(Network net) {
        return spec().training().options(net, Nets.registry()).build();
    }
}
