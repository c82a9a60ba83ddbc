#include "cli_common.h"
#include "commands.h"
#include "core/systems/formula/formula.h"
#include "core/systems/system.h"
#include "app/options/command_line.h"
#include "core/text/parse.h"

#include <cstdio>

namespace shnn::cli {

int runSystems(const Args& args) {
    const text::CommandLine cl(args, {{"json", false}});
    Json all = Json::array();
    for (const auto& name : systemNames()) {
        const auto sys = makeSystem(name);
        Json j;
        j["name"] = name;
        j["title"] = sys->title();
        j["dof"] = sys->dof();
        j["coordinates"] = sys->coordinateNames();
        j["H"] = sys->formula();
        j["params"] = Json::object();
        for (const auto& p : sys->params()) j["params"][p.name] = p.value;
        j["domain"] = Json::array();
        for (const auto& iv : sys->defaultDomain().intervals) j["domain"].push_back({iv.lo, iv.hi});
        all.push_back(j);
    }
    // Any Hamiltonian typed as text: no fixed H, dimension or parameters.
    Json formula;
    formula["name"] = "formula";
    formula["title"] = "Custom formula";
    formula["dof"] = nullptr;
    formula["H"] = nullptr;
    formula["options"] = {{"H", "the Hamiltonian, e.g. 'p^2/(2*m) + m*g*l*(1 - cos(q))'"},
                          {"param", "NAME=VALUE for each constant the formula uses (repeatable)"},
                          {"dof", "degrees of freedom (default: from the highest index of q1..qd, p1..pd; q, p mean 1)"}};
    formula["variables"] = "q, p for one degree of freedom; q1..qd, p1..pd for d of them";
    formula["functions"] = formula::supportedFunctions();
    formula["constants"] = {"pi"};
    formula["domain"] = "[-1, 1] for every coordinate unless --domain";
    all.push_back(formula);
    if (cl.has("json")) {
        std::printf("%s\n", all.dump(2).c_str());
        return 0;
    }
    for (const auto& name : systemNames()) {
        const auto sys = makeSystem(name);
        std::printf("%-16s d=%d  H = %s\n", name.c_str(), sys->dof(), sys->formula().c_str());
        std::string params;
        for (const auto& p : sys->params()) params += " " + p.name + "=" + text::formatNumber(p.value);
        std::printf("%-16s params:%s  domain: %s\n", "", params.c_str(), formatDomain(sys->defaultDomain()).c_str());
    }
    std::printf("%-16s any H typed as text: --system formula --H 'EXPR' [--param NAME=VALUE]... [--dof d]\n", "formula");
    std::printf("%-16s variables q, p or q1..qd, p1..pd; pi; functions", "");
    for (const auto& f : formula::supportedFunctions()) std::printf(" %s", f.c_str());
    std::printf("\n");
    return 0;
}

} // namespace shnn::cli
