namespace BnnCourse;

/// <summary>Buffers of a parameter-free element-wise layer (it needs none beyond its input and output).</summary>
internal sealed class ActivationBuffers(int maxRows, bool training) : LayerBuffers(maxRows, training, []);
