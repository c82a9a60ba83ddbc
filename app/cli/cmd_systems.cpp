#include "cli_common.h"
#include "commands.h"
#include "core/systems/system.h"
#include "core/text/command_line.h"
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
    return 0;
}

} // namespace shnn::cli
