// The chart files share these: Plotly.NET's types, its C# API (whose Chart shadows the F# one), and the course's style helpers.
global using Plotly.NET;
global using Plotly.NET.CSharp;
global using static BnnCourse.Plotting.ChartStyle;
global using Chart = Plotly.NET.CSharp.Chart;
