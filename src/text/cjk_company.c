/*
 * cjk_company.c - the vocabulary of Chinese company names: legal forms
 * (有限公司 -> co ltd), industry words (科技 -> technology, 电子 ->
 * electronics), the words the state groups give in their English names
 * (交通 -> communications, 铁建 -> railway construction, 海洋石油 ->
 * offshore oil, 中航 -> avic), the NS-CMIC companies' brands and names
 * that are not word for word their English ones (海康威视 -> hikvision,
 * 大疆 -> dji, 中芯国际集成电路制造 -> semiconductor manufacturing
 * international, 兵器工业 -> north industries) and provinces and big
 * cities (深圳 -> shenzhen), in simplified and traditional characters,
 * plus Japanese 株式会社.
 *
 * transliterate.c walks a run of Han characters, takes the longest entry
 * at each position and writes the rest as pinyin, so 华为技术有限公司
 * comes out as "huawei technology co ltd" like the company's English
 * name. In the English text, TRANSLIT_LEGAL_MARK ("\1") stands before a
 * legal-form word. Keys are UTF-8, sorted bytewise (LC_ALL=C sort).
 */
#include "text/lexicon.h"
#include "text/transliterate.h"

typedef struct cjk_entry {
    const char *han;   /* UTF-8 */
    const char *latin; /* English words */
} cjk_entry;

static const cjk_entry cjk_tab[] = {
    {"上海", "shanghai"},
    {"东方红卫星", "spacesat"},
    {"东方网力", "netposa"},
    {"东莞", "dongguan"},
    {"中光学", "costar"},
    {"中光學", "costar"},
    {"中华", "china"},
    {"中国", "china"},
    {"中国核工业集团", "china national nuclear"},
    {"中国电子信息产业集团", "china electronics"},
    {"中國", "china"},
    {"中國核工業集團", "china national nuclear"},
    {"中國電子信息產業集團", "china electronics"},
    {"中海油", "cnooc"},
    {"中航", "avic"},
    {"中航光电", "avic jonhon optronic"},
    {"中航光電", "avic jonhon optronic"},
    {"中船", "cssc"},
    {"中船防务", "cssc offshore marine engineering"},
    {"中船防務", "cssc offshore marine engineering"},
    {"中芯国际", "semiconductor manufacturing international"},
    {"中芯国际集成电路制造", "semiconductor manufacturing international"},
    {"中芯國際", "semiconductor manufacturing international"},
    {"中芯國際集成電路製造", "semiconductor manufacturing international"},
    {"中華", "china"},
    {"云从", "cloudwalk"},
    {"云南", "yunnan"},
    {"交通", "communications"},
    {"交通大学", "jiaotong university"},
    {"交通大學", "jiaotong university"},
    {"产业", "industry"},
    {"仪器", "instrument"},
    {"会社", "\1co"},
    {"保险", "insurance"},
    {"保險", "insurance"},
    {"信息", "information"},
    {"儀器", "instrument"},
    {"先进", "advanced"},
    {"先進", "advanced"},
    {"光学", "optics"},
    {"光學", "optics"},
    {"光电", "optoelectronics"},
    {"光電", "optoelectronics"},
    {"內蒙古", "inner mongolia"},
    {"公司", "\1co"},
    {"兵器", "ordnance"},
    {"兵器工业", "north industries"},
    {"兵器工業", "north industries"},
    {"兵器装备", "south industries"},
    {"兵器裝備", "south industries"},
    {"内蒙古", "inner mongolia"},
    {"军工", "military industry"},
    {"分公司", "branch"},
    {"制药", "pharmaceutical"},
    {"制造", "manufacturing"},
    {"动力", "power"},
    {"動力", "power"},
    {"化工", "chemical"},
    {"北京", "beijing"},
    {"北方", "north"},
    {"医药", "pharmaceutical"},
    {"半导体", "semiconductor"},
    {"半導體", "semiconductor"},
    {"南京", "nanjing"},
    {"南方", "south"},
    {"卫星", "satellite"},
    {"卫通", "satellite communications"},
    {"厦门", "xiamen"},
    {"发动机", "engine"},
    {"发展", "development"},
    {"台湾", "taiwan"},
    {"台灣", "taiwan"},
    {"合肥", "hefei"},
    {"吉林", "jilin"},
    {"咨询", "consulting"},
    {"哈尔滨", "harbin"},
    {"哈爾濱", "harbin"},
    {"商汤", "sensetime"},
    {"商湯", "sensetime"},
    {"商贸", "trading"},
    {"四川", "sichuan"},
    {"国防", "defense"},
    {"国际", "international"},
    {"國防", "defense"},
    {"國際", "international"},
    {"大学", "university"},
    {"大學", "university"},
    {"大疆", "dji"},
    {"大疆创新", "dji"},
    {"大疆創新", "dji"},
    {"大连", "dalian"},
    {"大連", "dalian"},
    {"天津", "tianjin"},
    {"天然气", "natural gas"},
    {"天然氣", "natural gas"},
    {"学院", "college"},
    {"學院", "college"},
    {"宁夏", "ningxia"},
    {"宁波", "ningbo"},
    {"安徽", "anhui"},
    {"实业", "industry"},
    {"實業", "industry"},
    {"寧夏", "ningxia"},
    {"寧波", "ningbo"},
    {"导弹", "missile"},
    {"导航", "navigation"},
    {"導彈", "missile"},
    {"導航", "navigation"},
    {"山东", "shandong"},
    {"山東", "shandong"},
    {"山西", "shanxi"},
    {"工业", "industry"},
    {"工業", "industry"},
    {"工程", "engineering"},
    {"广东", "guangdong"},
    {"广州", "guangzhou"},
    {"广核", "general nuclear"},
    {"广西", "guangxi"},
    {"廈門", "xiamen"},
    {"廣州", "guangzhou"},
    {"廣東", "guangdong"},
    {"廣核", "general nuclear"},
    {"廣西", "guangxi"},
    {"建筑", "construction"},
    {"建築", "construction"},
    {"建設", "construction"},
    {"建设", "construction"},
    {"彩虹", "ch"},
    {"微电子", "microelectronics"},
    {"微電子", "microelectronics"},
    {"成都", "chengdu"},
    {"技术", "technology"},
    {"技術", "technology"},
    {"投資", "investment"},
    {"投资", "investment"},
    {"控制", "control"},
    {"控股", "holding"},
    {"数字", "digital"},
    {"数码", "digital"},
    {"數字", "digital"},
    {"數碼", "digital"},
    {"新疆", "xinjiang"},
    {"无人机", "uav"},
    {"无锡", "wuxi"},
    {"时代", "times"},
    {"旷视", "megvii"},
    {"時代", "times"},
    {"智能", "intelligent"},
    {"曙光", "dawning"},
    {"曠視", "megvii"},
    {"會社", "\1co"},
    {"有限公司", "\1co \1ltd"},
    {"有限責任公司", "\1co \1ltd"},
    {"有限责任公司", "\1co \1ltd"},
    {"服务", "service"},
    {"服務", "service"},
    {"朝鮮", "korea"},
    {"朝鲜", "korea"},
    {"机械", "machinery"},
    {"材料", "materials"},
    {"杭州", "hangzhou"},
    {"東方紅衛星", "spacesat"},
    {"東方網力", "netposa"},
    {"東莞", "dongguan"},
    {"株式会社", "\1co \1ltd"},
    {"核", "nuclear"},
    {"核电", "nuclear power"},
    {"核電", "nuclear power"},
    {"機械", "machinery"},
    {"武汉", "wuhan"},
    {"武漢", "wuhan"},
    {"江苏", "jiangsu"},
    {"江蘇", "jiangsu"},
    {"江西", "jiangxi"},
    {"汽車", "automobile"},
    {"汽车", "automobile"},
    {"沈阳", "shenyang"},
    {"沈飞", "shenyang aircraft"},
    {"河北", "hebei"},
    {"河南", "henan"},
    {"济南", "jinan"},
    {"浙江", "zhejiang"},
    {"浪潮", "inspur"},
    {"海南", "hainan"},
    {"海康威視", "hikvision"},
    {"海康威视", "hikvision"},
    {"海洋与防务装备", "offshore marine engineering"},
    {"海洋石油", "offshore oil"},
    {"海洋與防務裝備", "offshore marine engineering"},
    {"海运", "shipping"},
    {"海運", "shipping"},
    {"海防", "marine"},
    {"深圳", "shenzhen"},
    {"深圳市大疆创新", "sz dji"},
    {"深圳市大疆創新", "sz dji"},
    {"湖北", "hubei"},
    {"湖南", "hunan"},
    {"澳門", "macau"},
    {"澳门", "macau"},
    {"激光", "laser"},
    {"濟南", "jinan"},
    {"瀋陽", "shenyang"},
    {"瀋飛", "shenyang aircraft"},
    {"火炬", "torch"},
    {"火箭", "rocket"},
    {"無人機", "uav"},
    {"無錫", "wuxi"},
    {"熊猫", "panda"},
    {"熊貓", "panda"},
    {"物流", "logistics"},
    {"物理", "physics"},
    {"珠海", "zhuhai"},
    {"甘肃", "gansu"},
    {"甘肅", "gansu"},
    {"產業", "industry"},
    {"电信", "telecommunication"},
    {"电力", "power"},
    {"电子", "electronics"},
    {"电气", "electric"},
    {"电测", "electronic measuring"},
    {"發動機", "engine"},
    {"發展", "development"},
    {"石化", "petrochemical"},
    {"石油", "petroleum"},
    {"矿业", "mining"},
    {"研究", "research"},
    {"研究所", "research institute"},
    {"研究院", "research institute"},
    {"礦業", "mining"},
    {"福州", "fuzhou"},
    {"福建", "fujian"},
    {"科学", "science"},
    {"科学院", "academy science"},
    {"科學", "science"},
    {"科學院", "academy science"},
    {"科工", "science industry"},
    {"科技", "technology"},
    {"移动", "mobile"},
    {"移動", "mobile"},
    {"空間", "space"},
    {"空间", "space"},
    {"立昂", "leon"},
    {"第一", "first"},
    {"管理", "management"},
    {"精密", "precision"},
    {"系統", "system"},
    {"系统", "system"},
    {"網絡", "network"},
    {"網路", "network"},
    {"网络", "network"},
    {"美亚柏科", "meiya pico"},
    {"美亞柏科", "meiya pico"},
    {"联合", "united"},
    {"联通", "unicom"},
    {"聯合", "united"},
    {"聯通", "unicom"},
    {"股份公司", "\1co \1ltd"},
    {"股份有限公司", "\1co \1ltd"},
    {"能源", "energy"},
    {"自動車", "automobile"},
    {"航天", "aerospace"},
    {"航天晨光", "aerosun"},
    {"航天电器", "space appliance"},
    {"航天電器", "space appliance"},
    {"航电", "avionics"},
    {"航空", "aviation"},
    {"航空发动机", "aero engine"},
    {"航空电子", "avionics"},
    {"航空發動機", "aero engine"},
    {"航空電子", "avionics"},
    {"航运", "shipping"},
    {"航運", "shipping"},
    {"航電", "avionics"},
    {"船务", "shipping"},
    {"船務", "shipping"},
    {"船舶", "shipbuilding"},
    {"船舶重工", "shipbuilding industry"},
    {"苏州", "suzhou"},
    {"蘇州", "suzhou"},
    {"衛星", "satellite"},
    {"衛通", "satellite communications"},
    {"装备", "equipment"},
    {"裝備", "equipment"},
    {"製藥", "pharmaceutical"},
    {"製造", "manufacturing"},
    {"西安", "xian"},
    {"西藏", "tibet"},
    {"西飛", "xian aircraft"},
    {"西飞", "xian aircraft"},
    {"計算機", "computer"},
    {"設備", "equipment"},
    {"諮詢", "consulting"},
    {"證券", "securities"},
    {"计算机", "computer"},
    {"设备", "equipment"},
    {"证券", "securities"},
    {"貴州", "guizhou"},
    {"貿易", "trading"},
    {"資本", "capital"},
    {"資訊", "information"},
    {"贵州", "guizhou"},
    {"贸易", "trading"},
    {"资本", "capital"},
    {"资讯", "information"},
    {"軍工", "military industry"},
    {"軟件", "software"},
    {"軟體", "software"},
    {"软件", "software"},
    {"辽宁", "liaoning"},
    {"运载火箭", "launch vehicle"},
    {"运输", "transport"},
    {"进出口", "import export"},
    {"通信", "communication"},
    {"通訊", "communication"},
    {"通讯", "communication"},
    {"進出口", "import export"},
    {"運載火箭", "launch vehicle"},
    {"運輸", "transport"},
    {"遼寧", "liaoning"},
    {"郑州", "zhengzhou"},
    {"鄭州", "zhengzhou"},
    {"醫藥", "pharmaceutical"},
    {"重工", "heavy industry"},
    {"重工业", "heavy industry"},
    {"重工業", "heavy industry"},
    {"重庆", "chongqing"},
    {"重慶", "chongqing"},
    {"重机", "heavy machinery"},
    {"重機", "heavy machinery"},
    {"金属", "metal"},
    {"金屬", "metal"},
    {"銀行", "bank"},
    {"鋼鐵", "steel"},
    {"鐵建", "railway construction"},
    {"鐵路", "railway"},
    {"鐵道", "railway"},
    {"钢铁", "steel"},
    {"铁建", "railway construction"},
    {"铁路", "railway"},
    {"铁道", "railway"},
    {"银行", "bank"},
    {"長城", "great wall"},
    {"長沙", "changsha"},
    {"长城", "great wall"},
    {"长沙", "changsha"},
    {"陕西", "shaanxi"},
    {"陝西", "shaanxi"},
    {"集团", "group"},
    {"集團", "group"},
    {"集成电路", "integrated circuit"},
    {"集成電路", "integrated circuit"},
    {"雲南", "yunnan"},
    {"雲從", "cloudwalk"},
    {"雷达", "radar"},
    {"雷達", "radar"},
    {"電信", "telecommunication"},
    {"電力", "power"},
    {"電子", "electronics"},
    {"電氣", "electric"},
    {"電測", "electronic measuring"},
    {"青岛", "qingdao"},
    {"青島", "qingdao"},
    {"青海", "qinghai"},
    {"飛機", "aircraft"},
    {"飞机", "aircraft"},
    {"香港", "hong kong"},
    {"高科", "high technology"},
    {"高科技", "high technology"},
    {"黑龍江", "heilongjiang"},
    {"黑龙江", "heilongjiang"},
};

#define NCJK (sizeof cjk_tab / sizeof cjk_tab[0])
#define CJK_MAX_LEN 10 /* code points in the longest key */

const size_t cjk_company_count = NCJK;

int cjk_company_sorted(void)
{
    for (size_t k = 1; k < NCJK; k++)
        if (strcmp(cjk_tab[k - 1].han, cjk_tab[k].han) >= 0)
            return 0;
    return 1;
}

static size_t put_utf8(char *out, int32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static const cjk_entry *cjk_find(const char *key)
{
    size_t lo = 0, hi = NCJK;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(key, cjk_tab[mid].han);
        if (c == 0)
            return &cjk_tab[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

size_t cjk_company_match(const int32_t *cp, size_t n, const char **latin)
{
    char key[CJK_MAX_LEN * 4 + 1];
    size_t ends[CJK_MAX_LEN + 1];
    size_t at = 0, max = n < CJK_MAX_LEN ? n : CJK_MAX_LEN;
    ends[0] = 0;
    for (size_t k = 0; k < max; k++) {
        at += put_utf8(key + at, cp[k]);
        ends[k + 1] = at;
    }
    for (size_t len = max; len > 0; len--) {
        key[ends[len]] = '\0';
        const cjk_entry *e = cjk_find(key);
        if (e) {
            *latin = e->latin;
            return len;
        }
    }
    return 0;
}
