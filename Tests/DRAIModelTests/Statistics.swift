/// Sample mean and sample standard deviation (n − 1), for the statistical device tests.
func meanAndSD(_ xs: [Double]) -> (Double, Double) {
  let mean = xs.reduce(0, +) / Double(xs.count)
  return (mean, (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)).squareRoot())
}
