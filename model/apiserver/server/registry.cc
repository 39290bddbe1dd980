#include "model/apiserver/server/registry.h"

namespace kcsim::apiserver {
namespace {

class StubRegistry final : public Registry {
 public:
  void get(const api::ApiRequest&, sim::Time, Done done) override { done({}); }
  void list(const api::ApiRequest&, const watchcache::Selection&, sim::Time, Done done) override {
    done({});
  }
  void write(const api::ApiRequest&, sim::Time, Done done) override { done({}); }
};

}  // namespace

std::unique_ptr<Registry> make_registry(sim::ProcessContext&, etcd::KvClient&,
                                        Registry::EtcdTimer) {
  return std::make_unique<StubRegistry>();
}

}  // namespace kcsim::apiserver
