namespace BnnCourse.Data;

/// <summary>Disjoint index sets into a data set: the training part and the held-out part, each sorted ascending.</summary>
/// <param name="Train">Indices of the training examples.</param>
/// <param name="Test">Indices of the held-out examples.</param>
public sealed record TrainTestSplit(int[] Train, int[] Test);
