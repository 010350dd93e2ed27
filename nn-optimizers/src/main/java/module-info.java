/**
 * The built-in optimizers (sgd, adam, ...) and learning-rate schedules, found by the core through the
 * {@code Optimizer} and {@code Schedule} SPIs.
 */
module org.nnj.optimizers {
    requires transitive org.nnj.api;
    requires static org.apiguardian.api;
    requires static jdk.incubator.vector;

    exports org.nnj.optimizers;
    exports org.nnj.optimizers.schedules;

    provides org.nnj.api.spi.Optimizer with
            org.nnj.optimizers.Sgd,
            org.nnj.optimizers.Adagrad,
            org.nnj.optimizers.RmsProp,
            org.nnj.optimizers.Adam,
            org.nnj.optimizers.AdamW;
    provides org.nnj.api.spi.Schedule with
            org.nnj.optimizers.schedules.ConstantSchedule,
            org.nnj.optimizers.schedules.StepSchedule,
            org.nnj.optimizers.schedules.ExponentialSchedule,
            org.nnj.optimizers.schedules.CosineSchedule,
            org.nnj.optimizers.schedules.WarmupSchedule;
}
