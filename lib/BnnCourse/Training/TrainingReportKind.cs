namespace BnnCourse;

/// <summary>Whether a <see cref="TrainingReport"/> describes one optimizer step or a whole epoch.</summary>
internal enum TrainingReportKind
{
    /// <summary>After one minibatch step: the parts are that minibatch's Fᵢ.</summary>
    Step,

    /// <summary>After an epoch: the parts are the epoch's estimate of the full-data free energy F.</summary>
    Epoch,
}
