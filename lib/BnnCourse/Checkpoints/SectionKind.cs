namespace BnnCourse;

/// <summary>The closed set of section codes a checkpoint may hold (any other code is refused).</summary>
enum SectionKind : uint
{
    Network = 1,
    Likelihood = 2,
    InputStandardizer = 3,
    TargetStandardizer = 4,
    Description = 5,
}
