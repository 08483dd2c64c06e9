import DRAIDescription

extension SettingValues {
  /// Checks that a workload description is of `kind` and gives no key of another kind.
  /// - Throws: ``DescriptionError`` naming the key.
  func checkWorkloadKind(_ kind: String) throws {
    guard word("workload.kind") == kind else {
      throw error("workload.kind", "this is a \(word("workload.kind")) workload, not \(kind)")
    }
    let own = Set(workloadKeysByKind[kind] ?? [])
    for key in schema.settings.map(\.key).sorted() where key != "workload.kind" && given.contains(key) && !own.contains(key) {
      let other = workloadKeysByKind.first { $0.value.contains(key) }?.key ?? "another kind"
      throw error(key, "only used with workload.kind: \(other) (this workload is \(kind))")
    }
  }
}
