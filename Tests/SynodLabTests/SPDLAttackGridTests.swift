import Foundation
import SynodTestSupport
import Testing

@testable import SynodLab
@testable import SynodSPDL

@Suite struct SPDLAttackGridTests {
    @Test func theGridHasABaselinePerGARAndOneCellPerAttack() throws {
        var base = SPDLConfiguration()
        base.rounds = 40
        base.split = .iid
        let cells = try SPDLAttackGrid.cells(base: base, settings: .code, overrides: SPDLOverrides())
        #expect(cells.count == 2 * 4 * (1 + 9))
        for cell in cells {
            let c = cell.configuration
            #expect(c.nodeCount == cell.nodes && c.byzantineCount == cell.byzantine && c.gar == cell.gar)
            #expect(c.effectiveGARF == (cell.nodes == 10 ? 3 : 6), "every cell of a size gives the GAR the same f")
            #expect(c.rounds == 40 && c.split == .iid)
        }
        let equivocate = try #require(cells.first { $0.attack == "equivocate" })
        #expect(equivocate.configuration.equivocate && equivocate.configuration.attack == "gaussian")
        #expect(cells.filter { $0.byzantine == 0 }.allSatisfy { $0.attack == "none" })

        var overrides = SPDLOverrides()
        overrides.reputationReference = .median
        let paper = try SPDLAttackGrid.cells(base: base, settings: .paper, overrides: overrides)
        let paperCell = try #require(paper.first { $0.nodes == 20 && $0.attack == "alie" })
        #expect(paperCell.configuration.effectiveGARF == 6)
        #expect(paperCell.configuration.privacy == .lemma1 && paperCell.configuration.epsilon == 0.02)
        #expect(paperCell.configuration.delta == 1e-6 && paperCell.configuration.silentAsZero)
        #expect(paperCell.configuration.reputation.reference == .median)
    }

    @Test func thePaperSettingsAreTheTextsAndTheCodeSettingsTheDefaults() throws {
        let base = SPDLConfiguration()
        let paper = try SPDLExperiment.series(figure: 5, quick: false, base: base, settings: .paper)
        let spdl = try #require(paper.first { $0.label == "SPDL BR=20%" }).configuration
        #expect(spdl.gar == "krum" && spdl.effectiveGARF == 6 && spdl.byzantineCount == 4)
        #expect(spdl.privacy == .lemma1 && spdl.epsilon == 0.02 && spdl.delta == 1e-6 && spdl.split == .iid)
        let dp = try #require(paper.first { $0.label == "DP BR=20%" }).configuration
        #expect(dp.epsilon == 0.02 && dp.gar == "average")
        let code = try SPDLExperiment.series(figure: 5, quick: false, base: base, settings: .code)
        let codeSPDL = try #require(code.first { $0.label == "SPDL BR=20%" }).configuration
        #expect(codeSPDL.gar == "multi-krum" && codeSPDL.effectiveGARF == 4 && codeSPDL.epsilon == 0.04)
        #expect(try #require(code.first { $0.label == "DP BR=20%" }).configuration.epsilon == 0.4)
        #expect(SPDLSettings.paperGARF(nodes: 10) == 3 && SPDLSettings.paperGARF(nodes: 4) == 1)
    }

    /// A small grid on synthetic data runs every cell to the end, fills the baselines, and writes
    /// the four files whose criteria follow from the numbers.
    @Test func aSmallGridRunsAndWritesEveryArtefact() throws {
        var base = SPDLConfiguration()
        base.rounds = 3
        base.split = .iid
        base.learningRate = 0.1
        base.batchSize = 20
        let cells = try SPDLAttackGrid.cells(
            base: base, settings: .code, overrides: SPDLOverrides(), sizes: [(nodes: 4, byzantine: 1)],
            gars: ["median"], attacks: ["sign-flip"])
        let results = SPDLAttackGrid.run(
            cells, train: SyntheticData.images(count: 400, seed: 3), test: SyntheticData.images(count: 100, seed: 4),
            workers: 2)
        #expect(results.map(\.attack) == ["none", "sign-flip"])
        for r in results {
            #expect(r.allDecided && r.honestAgree, "\(r.attack): \(r.failure ?? "")")
            #expect(r.roundsDecided == 3)
        }
        let baseline = results[0].finalTestError
        #expect(results[1].baselineError == baseline && results[0].baselineError == nil)
        #expect(results[1].errorGap == results[1].finalTestError - baseline)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spdl-grid-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try SPDLAttackGridReport.write(results, to: dir, command: "test", settings: .code)
        for file in ["grid.csv", "grid.json", "grid.md", "heatmap.svg"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(file)"))
        }
        let csv = try String(contentsOfFile: "\(dir)/grid.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + results.count)
        let svg = try String(contentsOfFile: "\(dir)/heatmap.svg", encoding: .utf8)
        #expect(svg.contains("sign-flip") && svg.contains("<rect"))
    }

    @Test func theCriteriaFollowTheNumbers() {
        func cell(_ attack: String, error: Double, views: Int) -> SPDLAttackGrid.CellResult {
            SPDLAttackGrid.CellResult(
                nodes: 10, byzantine: 3, gar: "median", garF: 3, attack: attack, reputationReference: "median",
                rounds: 40, roundsDecided: 40, allDecided: true, honestAgree: true, failedViews: views,
                viewChanges: 0, finalTestError: error, baselineError: 0.2, honestEligible: 7, byzantineEligible: 0,
                evidence: 0, wallSeconds: 0)
        }
        #expect(cell("sign-flip", error: 0.25, views: 5).withinAccuracyTarget == true)
        #expect(cell("sign-flip", error: 0.2501, views: 5).withinAccuracyTarget == false)
        #expect(cell("ipm", error: 0.9, views: 5).withinAccuracyTarget == nil)
        #expect(cell("alie", error: 0.2, views: 6).failedViewsWithinBound == false)
        #expect(cell("alie", error: 0.2, views: 5).failedViewsWithinBound)
        let md = SPDLAttackGridReport.markdown(
            [cell("sign-flip", error: 0.3, views: 1), cell("gaussian", error: 0.21, views: 1)], command: "c")
        #expect(md.contains("within 0.05 of the K = 0 error (ALIE and IPM exempt): 1 of 2"))
    }
}
