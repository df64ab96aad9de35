import BCF
import Foundation

let catalog = try DefinitionCatalog()                       // the editions built into the library
let file = URL(fileURLWithPath: "leeds.xlsx")
let reading = try EditionReader(catalog: catalog).read(contentsOf: file)
let plan = try reading.planningReturn()                      // or reading.quarterlyReturn()
for scheme in plan.expenditure.schemes {
    let name = scheme.name?.value ?? "(no name)"
    let spend = scheme.expenditure?["2017-18"]?.value ?? .zero
    // Disabled facilities adaptations: £6,109,696.84 at '4. Expenditure'!C21
    print("\(name): \(spend) at \(scheme.name?.place ?? "")")
}
let check = try Checker(catalog: catalog).check(contentsOf: file)
print("\(check.errors) errors, \(check.warnings) warnings")
try TemplateBuilder(definition: catalog.edition("planning-2017-19")).write(to: URL(fileURLWithPath: "blank.xlsx"))
