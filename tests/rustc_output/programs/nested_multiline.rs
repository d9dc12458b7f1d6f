fn pick(flag: bool) -> u32 {
    let x = match flag {
        true => {
            "yes"
        }
        false => {
            2
        }
    };
    x
}

fn main() {
    let _ = pick(true);
}
